/**
 * An error the engine throws for input it cannot run (never for a trading decision: those are
 * `denied`/`rejected` events). `code` is stable; hosts map it to a user error.
 */
export class EngineError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
}

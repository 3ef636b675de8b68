// The gallery's templates live with the SDK, so the demo seed and the editor show the same strategies.
export { TEMPLATES, type StrategyTemplate } from '@strata/strategy-sdk/templates';

/** A starter strategy in the gallery; `source` is exactly what lands in the editor. */
export interface StrategyTemplate {
  id: string;
  name: string;
  description: string;
  source: string;
}

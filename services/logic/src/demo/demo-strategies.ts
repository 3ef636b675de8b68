import { TEMPLATES } from '@strata/strategy-sdk/templates';

/** The demo account's sample strategies: gallery templates, shared with the web editor through the SDK. */
export interface DemoStrategy {
  /** The gallery template it comes from. */
  templateId: string;
  name: string;
  description: string;
  source: string;
}

const DEMO_TEMPLATE_IDS = ['sma-crossover', 'rsi-mean-reversion', 'bollinger-breakout'] as const;

export const DEMO_STRATEGIES: readonly DemoStrategy[] = DEMO_TEMPLATE_IDS.map((id) => {
  const t = TEMPLATES.find((tpl) => tpl.id === id);
  if (!t) throw new Error(`demo template "${id}" is missing from the SDK's templates`);
  return { templateId: t.id, name: t.name, description: t.description, source: t.source };
});

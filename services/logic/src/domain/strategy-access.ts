/**
 * Who may do what with a strategy version. Today only the owner may read, edit or run. The seam
 * for published strategies: `canRun` will also admit subscribers of a published version (they run
 * it, and never see its source), so every run path asks `canRun`, and only source-reading paths
 * ask `canReadSource`.
 */
export interface StrategyAccessSubject {
  userId: string;
}

export interface StrategyOwnership {
  ownerId: string;
}

export function canReadSource(who: StrategyAccessSubject, s: StrategyOwnership): boolean {
  return who.userId === s.ownerId;
}

export function canRun(who: StrategyAccessSubject, s: StrategyOwnership): boolean {
  // Subscribers: `|| subscriptions.includes(who.userId, strategyId, version)` once services/trading publishes.
  return who.userId === s.ownerId;
}

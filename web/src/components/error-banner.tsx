export interface BannerState {
  message: string;
  kind: 'offline' | 'quota' | 'error';
}

/** The one place app-level failures are shown; it never hides the editor, so no work is lost. */
export function ErrorBanner({ banner, onDismiss, onRetry }: { banner?: BannerState; onDismiss(): void; onRetry?(): void }) {
  if (!banner) return null;
  return (
    <div className={`banner ${banner.kind}`} role="alert" data-testid="error-banner">
      <span>{banner.kind === 'offline' ? '⚠ Server unreachable. ' : banner.kind === 'quota' ? '⛔ ' : ''}{banner.message}</span>
      {onRetry && <button type="button" onClick={onRetry}>Retry</button>}
      <button type="button" onClick={onDismiss} aria-label="Dismiss message">✕</button>
    </div>
  );
}

import { TEMPLATES, type StrategyTemplate } from './templates/index.ts';

/** The starter strategies; choosing one replaces the editor content (after the page confirms unsaved work). */
export function TemplateGallery({ onPick, onClose }: { onPick(t: StrategyTemplate): void; onClose(): void }) {
  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="gallery-title"
      onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }}>
      <div className="dialog-body">
        <header className="dialog-head">
          <h2 id="gallery-title">Strategy templates</h2>
          <button type="button" onClick={onClose} aria-label="Close templates">✕</button>
        </header>
        <ul className="gallery">
          {TEMPLATES.map((t, i) => (
            <li key={t.id}>
              <button type="button" className="gallery-card" autoFocus={i === 0} onClick={() => onPick(t)} data-template={t.id}>
                <strong>{t.name}</strong>
                <span>{t.description}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

import { useEffect, useRef } from 'react';

/** Ctrl/Cmd+S saves and Ctrl/Cmd+Enter runs anywhere on the page, not only inside the editor. */
export function useGlobalShortcuts(handlers: { onSave(): void; onRun(): void }): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      // Monaco handles its own keybindings; avoid running twice
      if ((e.target as HTMLElement | null)?.closest?.('.monaco-editor')) return;
      if (e.key === 's' || e.key === 'S') { e.preventDefault(); ref.current.onSave(); }
      else if (e.key === 'Enter') { e.preventDefault(); ref.current.onRun(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

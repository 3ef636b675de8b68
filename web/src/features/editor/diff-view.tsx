import { useEffect, useRef } from 'react';
import { monaco } from './monaco-setup.ts';

export interface DiffViewProps {
  original: string;
  modified: string;
  originalLabel: string;
  modifiedLabel: string;
}

/** Read-only side-by-side diff of two strategy versions (inline on narrow screens). */
export default function DiffView({ original, modified, originalLabel, modifiedLabel }: DiffViewProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const a = monaco.editor.createModel(original, 'typescript');
    const b = monaco.editor.createModel(modified, 'typescript');
    const diff = monaco.editor.createDiffEditor(host.current!, {
      theme: 'strata-dark', readOnly: true, automaticLayout: true, renderSideBySide: window.innerWidth > 700,
      minimap: { enabled: false }, originalEditable: false,
    });
    diff.setModel({ original: a, modified: b });
    return () => { diff.dispose(); a.dispose(); b.dispose(); };
  }, [original, modified]);
  return (
    <div className="diff-view">
      <div className="diff-labels"><span>{originalLabel}</span><span>{modifiedLabel}</span></div>
      <div ref={host} className="diff-host" data-testid="diff-editor" />
    </div>
  );
}

import { useEffect, useRef } from 'react';
import type { Diagnostic, StrategyRunError } from '../../api/types.ts';
import { diagnosticsToMarkers, runtimeErrorToMarkers } from './markers.ts';
import { monaco, STRATEGY_URI } from './monaco-setup.ts';

export interface EditorProblem {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning' | 'info';
  source: string;
}

export interface CodeEditorProps {
  value: string;
  /** Bumped when `value` is replaced from outside (template, restore, another strategy); typing never bumps it. */
  docKey: number;
  onChange(value: string): void;
  serverDiagnostics: readonly Diagnostic[];
  runtimeError?: StrategyRunError;
  /** Changing `nonce` moves the cursor to line/column and focuses the editor. */
  reveal?: { line: number; column?: number; nonce: number };
  onSave(): void;
  onRun(): void;
  onProblems(problems: EditorProblem[]): void;
}

function severityName(s: number): EditorProblem['severity'] {
  return s >= 8 ? 'error' : s >= 4 ? 'warning' : 'info';
}

/** Monaco bound to the strategy model; owns markers from the TS service, the server and the last run. */
export default function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const model = monaco.editor.getModel(STRATEGY_URI) ?? monaco.editor.createModel(props.value, 'typescript', STRATEGY_URI);
    if (model.getValue() !== props.value) model.setValue(props.value);
    const editor = monaco.editor.create(host.current!, {
      model,
      theme: 'strata-dark',
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      scrollBeyondLastLine: false,
      tabSize: 2,
      ariaLabel: 'Strategy source editor',
      fixedOverflowWidgets: true,
    });
    editorRef.current = editor;
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => latest.current.onSave());
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun());
    // Tab must be able to leave the editor for keyboard users: Ctrl+M toggles, and Escape then Tab works too.
    const sub = model.onDidChangeContent(() => latest.current.onChange(model.getValue()));
    const publish = () => {
      const problems = monaco.editor.getModelMarkers({ resource: STRATEGY_URI }).map((m) => ({
        line: m.startLineNumber, column: m.startColumn, message: m.message, severity: severityName(m.severity),
        source: m.owner === 'typescript' ? 'type check' : (m.source ?? m.owner),
      }));
      latest.current.onProblems(problems.sort((a, b) => a.line - b.line || a.column - b.column));
    };
    const markerSub = monaco.editor.onDidChangeMarkers((uris) => {
      if (uris.some((u) => u.toString() === STRATEGY_URI.toString())) publish();
    });
    return () => {
      sub.dispose();
      markerSub.dispose();
      editor.dispose();
      editorRef.current = null;
    };
    // the editor is created once; value changes flow through the effect below
  }, []);

  useEffect(() => {
    // only outside replacements reach the model: echoing our own edits back would race with typing
    const model = editorRef.current?.getModel();
    if (model && model.getValue() !== latest.current.value) model.setValue(latest.current.value);
  }, [props.docKey]);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const len = (l: number) => (l >= 1 && l <= model.getLineCount() ? model.getLineMaxColumn(l) - 1 : 0);
    monaco.editor.setModelMarkers(model, 'strata-server', diagnosticsToMarkers(props.serverDiagnostics, len));
    monaco.editor.setModelMarkers(model, 'strata-runtime', runtimeErrorToMarkers(props.runtimeError, len));
  }, [props.serverDiagnostics, props.runtimeError]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !props.reveal) return;
    const pos = { lineNumber: props.reveal.line, column: props.reveal.column ?? 1 };
    editor.revealLineInCenter(pos.lineNumber);
    editor.setPosition(pos);
    editor.focus();
  }, [props.reveal]);

  return <div ref={host} className="code-editor" data-testid="code-editor" />;
}

import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/esm/vs/language/typescript/ts.worker?worker';
import sdkDts from 'virtual:strata-sdk-dts';

// Workers come from our own bundle: no CDN, works offline and under a strict CSP.
self.MonacoEnvironment = {
  getWorker(_id: string, label: string) {
    return label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker();
  },
};

const tsApi = monaco.languages.typescript;
tsApi.typescriptDefaults.setCompilerOptions({
  target: tsApi.ScriptTarget.ES2020,
  module: tsApi.ModuleKind.ESNext,
  moduleResolution: tsApi.ModuleResolutionKind.NodeJs,
  lib: ['es2022'],
  strict: true,
  noEmit: true,
  allowNonTsExtensions: true,
});
tsApi.typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: false, noSyntaxValidation: false });
tsApi.typescriptDefaults.addExtraLib(sdkDts, 'file:///node_modules/@strata/sdk/index.d.ts');
tsApi.typescriptDefaults.setEagerModelSync(true);

monaco.editor.defineTheme('strata-dark', {
  base: 'vs-dark', inherit: true, rules: [], colors: { 'editor.background': '#0f1419' },
});

export const STRATEGY_URI = monaco.Uri.parse('file:///strategy.ts');
export { monaco };

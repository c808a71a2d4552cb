// Reading templates for `rootstock check` and the tools that price or judge them: the parsing
// itself lives in lib/assembly.
export { parseTemplateText, readTemplateFile } from '../assembly';
export { readCheckInputs, readTemplates, type CheckInputs, type LoadedTemplate, type UnreadableTemplate } from './inputs';

// The lifetime layer's entry point: a collector fed by ESLint's traversal, whose analysis
// reports each acquisition site with the leaks found for it. The parts: collector.ts (what
// the traversal gathers), sites.ts (what is acquired, where it goes), summaries.ts (what
// same-file functions do), region.ts (what a site's run must cover), run.ts (the run over a
// file), domain.ts with state, effects, throws, exhaustion and path-facts (the typestate).
export { type AnalysisOptions, FileCollector, type SiteReport } from './collector.js';

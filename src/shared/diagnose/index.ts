// The diagnosis engine and its words: pure, no browser API (runs in Node tests and in the popup's Timeline chunk).
export * from './types';
export { diagnose, latestProblems } from './engine';
export { authorizeWords, backWords, diagnosisReport, eventLine, flows, type FlowRow } from './report';

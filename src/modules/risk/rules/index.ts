/** Pure rules of dual-lens risk assessment and safeguarding; no database, no HTTP. */
export * from './questionnaire.js';
export * from './rule-data.js';
export * from './loader.js';
export * from './dates.js';
export * from './answers.js';
export * from './scoring.js';
export * from './review.js';
export * from './dual-lens.js';
export * from './safeguarding.js';
export * from './proportionality.js';

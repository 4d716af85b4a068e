export { type CreateKamOptions, createKam, type Kam } from './create-kam.js';

import { initAll } from "../build/govuk-frontend.min.js";
import { initScrollingTables } from "./scrolling-tables.mjs";

initAll();
initScrollingTables();

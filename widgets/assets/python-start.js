// Starts Python from the page's head, on pages that have widgets (overrides/main.html), so its
// start-up runs while the rest of the page loads instead of after it. widgets.js gets this same
// runtime later: a module is evaluated once per page.
import { python } from "./python.js";

python();

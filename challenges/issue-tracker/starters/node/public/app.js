"use strict";
// The page's behaviour: load the issues into #issues, create from #new-issue, filter with #filter,
// and edit an issue in place. Every action talks to the JSON API with fetch (or use htmx), never
// reloading the page. See the brief for the hooks the graders' browser uses.

// TODO: everything.

"use strict";
// The rules an issue's fields follow, for creating (every field) and editing (the fields given).

const STATUSES = ["open", "in_progress", "closed"];
const LABEL = /^[a-z0-9][a-z0-9-]{0,29}$/;
const DEFAULTS = { description: "", status: "open", labels: [], assignee: null };

class Invalid extends Error {
  constructor(errors) {
    super("invalid issue");
    this.errors = errors;
  }
}

function title(value) {
  if (typeof value !== "string" || !value.trim()) throw new Error("Enter a title.");
  if (value.trim().length > 120) throw new Error("Keep the title to 120 characters.");
  return value.trim();
}

function description(value) {
  if (typeof value !== "string") throw new Error("The description must be text.");
  if (value.length > 2000) throw new Error("Keep the description to 2000 characters.");
  return value;
}

function status(value) {
  if (!STATUSES.includes(value)) throw new Error(`Choose one of: ${STATUSES.join(", ")}.`);
  return value;
}

function labels(value) {
  if (!Array.isArray(value) || !value.every((label) => typeof label === "string")) {
    throw new Error("Labels must be a list of words.");
  }
  const unique = [...new Set(value.map((label) => label.trim()))];
  if (unique.length > 10) throw new Error("Use at most 10 labels.");
  const bad = unique.find((label) => !LABEL.test(label));
  if (bad !== undefined) throw new Error(`"${bad}" is not a label: lower-case letters, digits and '-', up to 30.`);
  return unique;
}

function assignee(value) {
  if (value === null) return null;
  if (typeof value !== "string" || !value.trim() || value.trim().length > 50) {
    throw new Error("The assignee is a name of 1 to 50 characters, or none.");
  }
  return value.trim();
}

const RULES = { title, description, status, labels, assignee };

// The valid fields of `body`; throws Invalid naming every field that is not.
function clean(body, { partial }) {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new Invalid({ body: "Send a JSON object." });
  }
  const given = Object.fromEntries(Object.keys(RULES).filter((name) => name in body).map((name) => [name, body[name]]));
  const fields = partial ? given : { title: undefined, ...DEFAULTS, ...given };
  const cleaned = {};
  const errors = {};
  for (const [name, value] of Object.entries(fields)) {
    try {
      cleaned[name] = RULES[name](value);
    } catch (error) {
      errors[name] = error.message;
    }
  }
  if (Object.keys(errors).length) throw new Invalid(errors);
  return cleaned;
}

module.exports = { clean, Invalid };

"use strict";
// The page talks to the JSON API only: every action updates the list in place, never reloading the page.

const STATUSES = { open: "Open", in_progress: "In progress", closed: "Closed" };
const list = document.getElementById("issues");
const newForm = document.getElementById("new-issue");
const filterForm = document.getElementById("filter");
const listStatus = document.getElementById("list-status");

function labelsFrom(text) {
  return text.split(",").map((label) => label.trim()).filter(Boolean);
}

// The form's fields as the API wants them: labels as a list, an empty assignee as none.
function bodyOf(form) {
  const body = Object.fromEntries(new FormData(form));
  if ("labels" in body) body.labels = labelsFrom(body.labels);
  if ("assignee" in body) body.assignee = body.assignee.trim() || null;
  return body;
}

async function send(method, url, body) {
  const options = { method, headers: { Accept: "application/json" } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  const data = await response.json().catch(() => ({}));
  return { ok: response.ok, data };
}

function clearErrors(form) {
  form.querySelectorAll(".error").forEach((note) => note.remove());
  form.querySelectorAll("[aria-invalid]").forEach((field) => {
    field.removeAttribute("aria-invalid");
    field.removeAttribute("aria-describedby");
  });
}

// Each message goes right after its field, which points to it (screen readers read it with the field).
function showErrors(form, errors) {
  clearErrors(form);
  for (const [name, message] of Object.entries(errors || {})) {
    const field = form.elements.namedItem(name);
    if (!field) continue;
    const note = document.createElement("p");
    note.className = "error";
    note.id = `${field.id}-error`;
    note.textContent = message;
    field.setAttribute("aria-invalid", "true");
    field.setAttribute("aria-describedby", note.id);
    field.after(note);
  }
  const first = form.querySelector("[aria-invalid]");
  if (first) first.focus();
  else listStatus.textContent = "The issue could not be saved.";
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function field(prefix, name, label, control) {
  const wrapper = element("div", undefined, "field");
  control.id = `${prefix}-${name}`;
  control.name = name;
  const caption = element("label", label);
  caption.htmlFor = control.id;
  wrapper.append(caption, control);
  return wrapper;
}

function textInput(value) {
  const input = document.createElement("input");
  input.type = "text";
  input.value = value;
  input.autocomplete = "off";
  return input;
}

function statusSelect(current) {
  const select = document.createElement("select");
  for (const [value, text] of Object.entries(STATUSES)) {
    const option = element("option", text);
    option.value = value;
    option.selected = value === current;
    select.append(option);
  }
  return select;
}

function summary(issue) {
  const parts = [STATUSES[issue.status] || issue.status];
  parts.push(issue.assignee ? `assigned to ${issue.assignee}` : "unassigned");
  if (issue.labels.length) parts.push(`labels: ${issue.labels.join(", ")}`);
  return parts.join(" · ");
}

function renderIssue(issue) {
  const item = element("li");
  item.dataset.issueId = String(issue.id);
  const edit = element("button", "Edit");
  edit.type = "button";
  edit.addEventListener("click", () => openEditor(item, issue));
  item.append(element("h3", issue.title, "issue-title"), element("p", summary(issue), "issue-meta"));
  if (issue.description) item.append(element("p", issue.description, "issue-description"));
  item.append(edit);
  return item;
}

function openEditor(item, issue) {
  const prefix = `edit-${issue.id}`;
  const form = element("form", undefined, "edit-issue");
  form.noValidate = true;
  form.setAttribute("aria-label", `Edit issue ${issue.id}`);
  const description = document.createElement("textarea");
  description.value = issue.description;
  const save = element("button", "Save");
  save.type = "submit";
  const cancel = element("button", "Cancel");
  cancel.type = "button";
  cancel.addEventListener("click", () => item.replaceWith(renderIssue(issue)));
  form.append(
    field(prefix, "title", "Title", textInput(issue.title)),
    field(prefix, "description", "Description", description),
    field(prefix, "status", "Status", statusSelect(issue.status)),
    field(prefix, "labels", "Labels (comma-separated)", textInput(issue.labels.join(", "))),
    field(prefix, "assignee", "Assignee", textInput(issue.assignee || "")),
    save,
    cancel,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await send("PATCH", `/api/issues/${issue.id}`, bodyOf(form));
    if (result.ok) item.replaceWith(renderIssue(result.data));
    else showErrors(form, result.data.errors);
  });
  item.replaceChildren(form);
  form.elements.namedItem("title").focus();
}

async function loadIssues() {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(filterForm)) {
    if (value.trim()) query.set(name, value.trim());
  }
  const result = await send("GET", `/api/issues?${query}`);
  const issues = result.ok && Array.isArray(result.data) ? result.data : [];
  list.replaceChildren(...issues.map(renderIssue));
  listStatus.textContent = result.ok ? `${issues.length} issue(s)` : "The issues could not be loaded.";
}

newForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await send("POST", "/api/issues", bodyOf(newForm));
  if (!result.ok) {
    showErrors(newForm, result.data.errors);
    return;
  }
  clearErrors(newForm);
  newForm.reset();
  await loadIssues();
});

filterForm.addEventListener("submit", (event) => {
  event.preventDefault();
  loadIssues();
});

loadIssues();

// The server renders the list and the edit form as HTML fragments (escaped there); this script swaps
// them in and sends the forms as JSON. No action ever loads the page again.
const issues = document.getElementById("issues");
const filter = document.getElementById("filter");

function payload(form) {
  const data = Object.fromEntries(new FormData(form));
  if ("labels" in data) data.labels = data.labels.split(",").map((s) => s.trim()).filter((s) => s);
  if ("assignee" in data) data.assignee = data.assignee.trim() ? data.assignee : null;
  return JSON.stringify(data);
}

// Every field has a message slot after it; a refused field points at its slot.
function mark(form, errors) {
  for (const field of form.querySelectorAll("[name]")) {
    const slot = document.getElementById(`${field.id}-msg`);
    const message = errors[field.name];
    slot.textContent = message || "";
    slot.hidden = !message;
    if (message) {
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", slot.id);
    } else {
      field.removeAttribute("aria-invalid");
      field.removeAttribute("aria-describedby");
    }
  }
}

async function refresh() {
  const query = new URLSearchParams(new FormData(filter));
  issues.innerHTML = await (await fetch(`/fragments/issues?${query}`)).text();
}

async function save(form, method, url) {
  const response = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: payload(form) });
  const answer = await response.json();
  mark(form, response.ok ? {} : answer.errors || {});
  return response.ok;
}

document.getElementById("new-issue").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (await save(event.target, "POST", "/api/issues")) {
    event.target.reset();
    await refresh();
  }
});

filter.addEventListener("submit", (event) => {
  event.preventDefault();
  refresh();
});

issues.addEventListener("click", async (event) => {
  const id = event.target.dataset.edit;
  if (!id) return;
  const item = event.target.closest("li");
  item.innerHTML = await (await fetch(`/fragments/issues/${id}/edit`)).text();
  item.querySelector("input").focus();
});

issues.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  if (await save(form, "PATCH", `/api/issues/${form.dataset.id}`)) {
    const item = form.closest("li");
    const fresh = await (await fetch(`/fragments/issues?${new URLSearchParams(new FormData(filter))}`)).text();
    const holder = document.createElement("ul");
    holder.innerHTML = fresh;
    const saved = holder.querySelector(`[data-issue-id="${form.dataset.id}"]`);
    if (saved) item.replaceWith(saved);
    else item.remove();
  }
});

refresh();

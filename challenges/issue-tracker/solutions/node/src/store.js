"use strict";
// Issues kept in memory: the tracker has no database, so a restart starts empty.

class IssueStore {
  constructor() {
    this.issues = new Map();
    this.nextId = 1;
  }

  create(fields) {
    const issue = { id: this.nextId++, ...fields };
    this.issues.set(issue.id, issue);
    return { ...issue };
  }

  get(id) {
    const issue = this.issues.get(id);
    return issue ? { ...issue } : null;
  }

  update(id, changes) {
    const issue = this.issues.get(id);
    if (!issue) return null;
    Object.assign(issue, changes);
    return { ...issue };
  }

  // Issues matching every filter given, oldest first.
  search({ status, label, assignee }) {
    return [...this.issues.values()]
      .filter((issue) => status === undefined || issue.status === status)
      .filter((issue) => label === undefined || issue.labels.includes(label))
      .filter((issue) => assignee === undefined || issue.assignee === assignee)
      .map((issue) => ({ ...issue }));
  }
}

module.exports = { IssueStore };

"""The reviewer's side: reading a report, the submitted code, its diff against the starter, line comments."""

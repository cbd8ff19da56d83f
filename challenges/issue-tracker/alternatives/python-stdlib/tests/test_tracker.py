import unittest

from tracker.issues import RuleBroken, Tracker


class TrackerTest(unittest.TestCase):
    def test_defaults(self):
        issue = Tracker().add({"title": " Slow login "})
        self.assertEqual((issue.title, issue.status, issue.labels, issue.assignee), ("Slow login", "open", [], None))

    def test_refused_edit_changes_nothing(self):
        tracker = Tracker()
        issue = tracker.add({"title": "A"})
        with self.assertRaises(RuleBroken) as caught:
            tracker.change(issue, {"title": "B", "status": "done"})
        self.assertIn("status", caught.exception.errors)
        self.assertEqual(issue.title, "A")

    def test_filters(self):
        tracker = Tracker()
        tracker.add({"title": "A", "labels": ["ui"]})
        tracker.add({"title": "B", "status": "closed", "labels": ["ui"]})
        self.assertEqual([i.title for i in tracker.matching("closed", "ui", None)], ["B"])

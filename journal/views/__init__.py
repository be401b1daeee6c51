"""The journal's views: public pages, authors and reviewers, and the editors' pages."""

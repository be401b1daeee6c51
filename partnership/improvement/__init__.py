"""The improvement cycle: peer review, school priorities, broader measures and the
partnership's outcomes over years (issue 12). See docs/improvement.md."""

"""The best-practice directory and school-to-school support: its own app (label
`directory`), nested under `schools/`. See docs/directory.md."""

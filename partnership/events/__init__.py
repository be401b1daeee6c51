"""Events and training: courses, conferences and network meetings, their sessions,
bookings and waiting lists, attendance, feedback, certificates, and each person's
professional learning record."""

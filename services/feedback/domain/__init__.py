"""Feedback's rules, pure: state is the fold of an enquiry's feedback events; decisions return
new events. No I/O, no clock: time and new ids come in as arguments."""

"""Running mitmdump as a child process with replay's addons (``mitmdump -s``)."""

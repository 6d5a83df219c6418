"""`make fuzz`: Schemathesis' positive and negative generation and the malformed-input
catalogues against a mock process, every contract; no answer may be a 5xx, and after every
case the admin state and every contract's listing must still answer."""

"""`make fuzz`: Schemathesis' positive and negative generation and the malformed-input
catalogues of every contract, and hostile requests for every transport, against a mock
process; no answer may be a 5xx or missing, the event loop may be held no longer than
`--max-block-ms`, and after every case the admin state, the fault rules and the read
paths of what it touched must still answer."""

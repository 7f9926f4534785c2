"""Pydantic models at the edge: what the API accepts and answers, one module per resource.

`common` holds the strict base of request bodies, the answer of a write and the vocabularies;
each other module is one resource (`teachers`, `activities`, `appointments`, `leave`, `facts`,
`peers`, `audit`, `health`, `decisions`, `progress`, `criteria`, `proposals`, `objections`,
`deliveries`, `offerings`, `staff`, `costs`, `public_register`, `public_changes`,
`bulk_check`, `open_data`, `demand`, `ledger`). Import from the module itself; this package
re-exports nothing. A model's class name is its name in the OpenAPI document, so class names
are unique across the package.
"""

// A copy of kb's browser engine from another version.

-- Account deletion scrubs the entries that name a user as their target.
CREATE INDEX audit_events_by_target ON audit_events(target);

-- Credentials (metadata only: secrets never leave the server): when each was last used
-- (`lastUsed`), for the Credentials section. NULL: never used, or the server did not say.
ALTER TABLE credentials ADD COLUMN last_used TEXT;

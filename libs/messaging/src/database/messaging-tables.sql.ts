/**
 * DDL of the messaging tables every service database has: the outbox (events waiting to be
 * published), the inbox (events already applied, per consumer) and the command log (RPC
 * commands already executed, with their reply). Used by each service's first migration.
 */
export const MESSAGING_TABLES_SQL = [
  `create table outbox (
    seq bigserial primary key,
    event_id uuid not null unique,
    topic text not null,
    key text not null,
    event_type text not null,
    value text not null, -- the envelope JSON exactly as published (jsonb would reorder keys)
    headers jsonb not null default '{}'::jsonb,
    created_at timestamptz not null default now(),
    published_at timestamptz
  )`,
  `create index outbox_unpublished_idx on outbox (seq) where published_at is null`,
  `create table inbox (
    consumer text not null,
    event_id uuid not null,
    topic text not null,
    "partition" int not null,
    "offset" bigint not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
  )`,
  `create table command_log (
    organization_id uuid not null,
    request_id text not null,
    request_type text not null,
    reply jsonb,
    created_at timestamptz not null default now(),
    primary key (organization_id, request_id)
  )`,
];

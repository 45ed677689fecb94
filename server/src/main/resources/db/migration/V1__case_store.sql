-- Vigil case store, version 1. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Times are ISO-8601 UTC text (sortable); ids are random hex text.
CREATE TABLE users (
    id            VARCHAR(40)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL UNIQUE,
    role          VARCHAR(20)  NOT NULL,
    password_hash VARCHAR(300) NOT NULL,
    created       VARCHAR(40)  NOT NULL
);

CREATE TABLE cases (
    id         VARCHAR(40)   PRIMARY KEY,
    title      VARCHAR(500)  NOT NULL,
    created    VARCHAR(40)   NOT NULL,
    created_by VARCHAR(40),
    new_alerts INTEGER       NOT NULL DEFAULT 0,
    folder     VARCHAR(4000) NOT NULL
);

CREATE TABLE case_access (
    case_id VARCHAR(40) NOT NULL REFERENCES cases (id),
    user_id VARCHAR(40) NOT NULL REFERENCES users (id),
    PRIMARY KEY (case_id, user_id)
);

CREATE TABLE evidence (
    id       VARCHAR(40)   PRIMARY KEY,
    case_id  VARCHAR(40)   NOT NULL REFERENCES cases (id),
    name     VARCHAR(1000) NOT NULL,
    path     VARCHAR(4000) NOT NULL,
    uploaded INTEGER       NOT NULL,
    size     BIGINT        NOT NULL,
    created  VARCHAR(40)   NOT NULL
);
CREATE INDEX evidence_case ON evidence (case_id);

CREATE TABLE runs (
    id            VARCHAR(40)   PRIMARY KEY,
    case_id       VARCHAR(40)   NOT NULL REFERENCES cases (id),
    evidence_id   VARCHAR(40)   NOT NULL REFERENCES evidence (id),
    kind          VARCHAR(20)   NOT NULL,
    evidence_type VARCHAR(100),
    status        VARCHAR(20)   NOT NULL,
    started       VARCHAR(40)   NOT NULL,
    finished      VARCHAR(40),
    results_dir   VARCHAR(4000) NOT NULL,
    error         TEXT,
    alerts        INTEGER       NOT NULL DEFAULT 0,
    serious       INTEGER       NOT NULL DEFAULT 0,
    new_alerts    INTEGER       NOT NULL DEFAULT 0,
    verdict       VARCHAR(20)
);
CREATE INDEX runs_case ON runs (case_id);

CREATE TABLE alerts (
    id          VARCHAR(40)  PRIMARY KEY,
    case_id     VARCHAR(40)  NOT NULL REFERENCES cases (id),
    run_id      VARCHAR(40)  NOT NULL REFERENCES runs (id),
    evidence_id VARCHAR(40)  NOT NULL REFERENCES evidence (id),
    level       VARCHAR(10)  NOT NULL,
    module      VARCHAR(200) NOT NULL,
    message     TEXT         NOT NULL,
    event_time  VARCHAR(40),
    ioc_type    VARCHAR(100),
    ioc_value   TEXT,
    collection  TEXT,
    source      TEXT,
    fingerprint VARCHAR(64)  NOT NULL,
    is_new      INTEGER      NOT NULL,
    found       VARCHAR(40)  NOT NULL
);
CREATE INDEX alerts_case ON alerts (case_id, fingerprint);

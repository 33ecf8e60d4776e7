-- The performance monitor's history. chainwatch downsamples it itself (PostgresPerformanceHistory):
-- samples are written at resolution 0, one row per series and sample; one-minute (60) and one-hour
-- (3600) rows are made from the finer ones once their bucket is over, and each resolution is deleted
-- past its retention. A row holds what the mean, the minimum and the maximum of its bucket need.
CREATE TABLE performance_history (
    resolution_s integer          NOT NULL CHECK (resolution_s IN (0, 60, 3600)),
    bucket       timestamptz      NOT NULL,
    metric       text             NOT NULL,
    samples      integer          NOT NULL CHECK (samples > 0),
    sum          double precision NOT NULL,
    min          double precision NOT NULL,
    max          double precision NOT NULL,
    PRIMARY KEY (resolution_s, bucket, metric)
);

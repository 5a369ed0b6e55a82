-- Run once by the postgres image on an empty data volume (/docker-entrypoint-initdb.d), as the
-- POSTGRES_USER that docker-compose.yml sets (msp), who therefore owns every database below.
-- One database per service (DESIGN.md 1): services never read each other's data. The names are
-- MSP_DATABASE_URL's template `msp_{service}` filled in for each service.
CREATE DATABASE msp_intake;
CREATE DATABASE msp_outcomes;
CREATE DATABASE msp_notifications;
CREATE DATABASE msp_feedback;
-- The portal keeps only users and sessions; its database is ready for when it needs one.
CREATE DATABASE msp_portal;

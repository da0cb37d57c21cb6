/** The artifact store: one interface, implemented with the MinIO client (MinIO, S3, s3proxy). */
package io.tonno.activities.store;

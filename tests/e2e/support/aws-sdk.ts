/**
 * The AWS SDK packages, loaded through `require` (their CommonJS builds).
 *
 * Why: the workspace's vitest config resolves with the `module` condition (for our own
 * packages' `source` entries), which picks the SDK's `dist-es` builds; those use extensionless
 * relative imports meant for bundlers and fail to load in Node. The CommonJS builds are what
 * Node itself would load, so the suites load those. Types still come from the packages.
 */
import { createRequire } from 'node:module';
import type * as ClientS3 from '@aws-sdk/client-s3';
import type * as LibStorage from '@aws-sdk/lib-storage';
import type * as Presigner from '@aws-sdk/s3-request-presigner';

const require = createRequire(import.meta.url);
const clientS3 = require('@aws-sdk/client-s3') as typeof ClientS3;
const libStorage = require('@aws-sdk/lib-storage') as typeof LibStorage;
const presigner = require('@aws-sdk/s3-request-presigner') as typeof Presigner;

export const {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketAccelerateConfigurationCommand,
  DeletePublicAccessBlockCommand,
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLegalHoldCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  GetObjectTaggingCommand,
  DeleteBucketTaggingCommand,
  DeleteBucketCorsCommand,
  PutBucketCorsCommand,
  DeleteBucketEncryptionCommand,
  GetBucketEncryptionCommand,
  PutBucketEncryptionCommand,
  DeleteObjectTaggingCommand,
  GetObjectAttributesCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  ListPartsCommand,
  paginateListObjectsV2,
  PutBucketLifecycleConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLegalHoldCommand,
  PutObjectLockConfigurationCommand,
  PutObjectRetentionCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCommand,
  UploadPartCopyCommand,
} = clientS3;
export const { Upload } = libStorage;
export const { getSignedUrl } = presigner;
/** The client's instance type, under the same name as the constructor. */
export type S3Client = ClientS3.S3Client;

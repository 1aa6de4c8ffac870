import type { OperationName } from '../routing/resolve-operation.js';
import { getBucketAcl, getObjectAcl } from './acl.js';
import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  listBuckets,
} from './buckets.js';
import { copyObject } from './copy-object.js';
import { deleteObject } from './delete-object.js';
import { deleteObjects } from './delete-objects.js';
import { getObject, headObject } from './get-object.js';
import type { Handler } from './handler.js';
import { listMultipartUploads, listParts } from './list-multipart.js';
import { listObjects, listObjectsV2 } from './list-objects.js';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  uploadPart,
  uploadPartCopy,
} from './multipart.js';
import { getObjectAttributes } from './get-object-attributes.js';
import { postObject } from './post-object.js';
import { putObject } from './put-object.js';
import { getUnconfiguredSubresource } from './unconfigured.js';

/** The handler of every operation the gateway serves. */
export const HANDLERS: Readonly<Record<OperationName, Handler>> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucket,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  GetBucketLocation: getBucketLocation,
  GetBucketAcl: getBucketAcl,
  GetBucketVersioning: getBucketVersioning,
  GetBucketSubresource: getUnconfiguredSubresource,
  ListObjects: listObjects,
  ListObjectsV2: listObjectsV2,
  ListMultipartUploads: listMultipartUploads,
  DeleteObjects: deleteObjects,
  PostObject: postObject,
  PutObject: putObject,
  CopyObject: copyObject,
  GetObject: getObject,
  HeadObject: headObject,
  GetObjectAcl: getObjectAcl,
  GetObjectAttributes: getObjectAttributes,
  DeleteObject: deleteObject,
  CreateMultipartUpload: createMultipartUpload,
  UploadPart: uploadPart,
  UploadPartCopy: uploadPartCopy,
  CompleteMultipartUpload: completeMultipartUpload,
  AbortMultipartUpload: abortMultipartUpload,
  ListParts: listParts,
};

import { serializeTagging } from '@strata/s3-xml';
import { objectOf, xml, type Handler } from './internal/handler.js';

/** GetObjectTagging: the current version's tag set (empty when it has none). */
export const getObjectTagging: Handler = async (c, deps) => {
  const { tags } = await deps.layer.getObjectTagging(objectOf(c));
  return xml(c, serializeTagging(tags));
};

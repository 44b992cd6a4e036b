// Every operation of /api/v1. An endpoint is added here when its route is written; a test checks
// that the route files and this list agree, so the OpenAPI document cannot fall behind.
import { z } from 'zod';
import { defineOperation, type Operation } from './registry';
import { getMeOperation, patchMeOperation } from './me';
import { communityOperations } from './communities';
import { profileOperations } from './profiles';
import { postOperations } from './posts';
import { eventOperations } from './events';
import { libraryOperations } from './library';
import { preferenceOperations } from './preferences';
import { messageOperations } from './messages';
import { notificationOperations } from './notifications';
import { searchOperations } from './search';
import { initiativeOperations } from './initiatives';
import { formOperations } from './forms';
import { proposalOperations } from './proposals';
import { pollOperations } from './polls';
import { liveOperations } from './live';

export const getOpenApiOperation = defineOperation({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  summary: 'This document',
  tags: ['meta'],
  auth: 'none',
  responses: { 200: { description: 'The OpenAPI 3.1 description of the API', schema: z.record(z.string(), z.unknown()) } }
});

export const operations: readonly Operation[] = [getMeOperation, patchMeOperation, getOpenApiOperation, ...communityOperations, ...profileOperations, ...postOperations, ...eventOperations, ...libraryOperations, ...notificationOperations, ...messageOperations, ...preferenceOperations, ...searchOperations, ...initiativeOperations, ...formOperations, ...proposalOperations, ...pollOperations, ...liveOperations];

// shared/http/routes: the owner's routes (Bearer). GET, PATCH and DELETE /v1/me, POST /v1/me/contact and
// /v1/me/contact/confirm: endpoint, request schema, success status and response schema, then the
// documentation of each (examples and the errors it may answer).
import { InvalidCodeError, LegalHoldError } from '../../domain/errors.js';
import {
  AccountExportSchema,
  ContactChangeAcceptedSchema,
  ContactChangedSchema,
  createContactConfirmRequestSchema,
  createEraseRequestSchema,
  createOwnerRequestSchemas,
  createProfilePatchRequestSchema,
  ErasedSchema,
  OWNER_REQUEST_EXAMPLES,
  ProfileUpdatedSchema,
} from '../schemas.js';
import {
  meContactConfirmEndpoint,
  meContactEndpoint,
  meDeleteEndpoint,
  meGetEndpoint,
  mePatchEndpoint,
} from './index.js';
import { BODY_ERRORS, unauthorized, type BodylessRoute, type BodyRoute, type RouteDocsOf } from './spec.js';

const meGet = {
  endpoint: meGetEndpoint,
  status: 200,
  response: AccountExportSchema,
} as const satisfies BodylessRoute;

const mePatch = {
  endpoint: mePatchEndpoint,
  request: createProfilePatchRequestSchema,
  status: 200,
  response: ProfileUpdatedSchema,
} as const satisfies BodyRoute;

const meDelete = {
  endpoint: meDeleteEndpoint,
  request: createEraseRequestSchema,
  status: 200,
  response: ErasedSchema,
} as const satisfies BodyRoute;

const meContact = {
  endpoint: meContactEndpoint,
  request: (settings) => createOwnerRequestSchemas(settings).ContactChangeRequest,
  status: 202,
  response: ContactChangeAcceptedSchema,
} as const satisfies BodyRoute;

const meContactConfirm = {
  endpoint: meContactConfirmEndpoint,
  request: createContactConfirmRequestSchema,
  status: 200,
  response: ContactChangedSchema,
} as const satisfies BodyRoute;

const meGetDocs: RouteDocsOf = () => ({
  operationId: 'exportAccount',
  tag: 'owner',
  summary: 'Everything Signet holds about me',
  description:
    'Every personal field, decrypted, with when it was collected, what it is for and until when it is kept; ' +
    'the consents given; a legal hold in force; and the lawful disclosures the owner may be told of.',
  success: 'Everything held about the caller.',
  bearer: true,
  errors: () => ({ '401': unauthorized(false), '429': 'RateLimited', '500': 'InternalError' }),
});

const mePatchDocs: RouteDocsOf = () => ({
  operationId: 'updateProfile',
  tag: 'owner',
  summary: 'Change my preferences, interests or locale',
  description:
    'Preferences are merged into the stored ones (a key left out keeps its value); interests replace the ' +
    'stored list; locale sets the language of the messages sent.',
  success: 'The profile is changed.',
  bearer: true,
  example: OWNER_REQUEST_EXAMPLES.ProfilePatchRequest,
  invalidExample: {},
  errors: (invalid) => ({
    '400': { description: 'The body is invalid.', errors: [invalid] },
    '401': unauthorized(false),
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

const meContactDocs: RouteDocsOf = () => ({
  operationId: 'requestContactChange',
  tag: 'owner',
  summary: 'Add or replace my email or phone',
  description:
    'Sends a code to the new contact; the old one stays until the code is confirmed. A contact that ' +
    "belongs to another account is answered exactly alike (that contact's owner is notified instead).",
  success: 'A code is on its way to the new contact.',
  bearer: true,
  idempotent: true,
  example: OWNER_REQUEST_EXAMPLES.ContactChangeRequest,
  invalidExample: { email: 'ada@example.com', phone: '+447400123456', currentPassword: 'x' },
  errors: (invalid) => ({
    '400': {
      description: 'The body is invalid, or names the contact the account already has.',
      errors: [invalid],
    },
    '401': unauthorized(true),
    '429': 'RateLimited',
    '503': 'DeliveryUnavailable',
    ...BODY_ERRORS,
  }),
});

const meContactConfirmDocs: RouteDocsOf = () => ({
  operationId: 'confirmContactChange',
  tag: 'owner',
  summary: 'Confirm a contact change with its code',
  description: 'The new contact replaces the old one, which is told of the change (without a code).',
  success: 'The contact is changed.',
  bearer: true,
  idempotent: true,
  example: OWNER_REQUEST_EXAMPLES.ContactConfirmRequest,
  invalidExample: {},
  errors: (invalid) => ({
    '400': {
      description:
        'The body is invalid (`invalid_request`) or the code is wrong, expired or used up (`invalid_code`).',
      errors: [invalid, new InvalidCodeError()],
    },
    '401': unauthorized(false),
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

const meDeleteDocs: RouteDocsOf = () => ({
  operationId: 'eraseAccount',
  tag: 'owner',
  summary: 'Erase my account',
  description:
    "The account's data key is destroyed (crypto-shredding), its name, email and phone are free again, codes " +
    'and sessions are removed; a tombstone without personal data is kept for a while. Under legal hold nothing ' +
    'is deleted and the request is carried out when the hold is lifted.',
  success: 'The account is erased.',
  bearer: true,
  example: OWNER_REQUEST_EXAMPLES.EraseRequest,
  invalidExample: {},
  errors: (invalid) => ({
    '400': { description: 'The body is invalid.', errors: [invalid] },
    '401': unauthorized(true),
    '409': {
      description: 'The account is under legal hold; the request is recorded.',
      errors: [new LegalHoldError()],
    },
    '429': 'RateLimited',
    ...BODY_ERRORS,
  }),
});

export {
  meContact,
  meContactConfirm,
  meContactConfirmDocs,
  meContactDocs,
  meDelete,
  meDeleteDocs,
  meGet,
  meGetDocs,
  mePatch,
  mePatchDocs,
};

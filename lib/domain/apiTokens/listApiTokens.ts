import type { Models } from '../../db/models/index.js';

/** The user's tokens, newest first, revoked ones included (they show when and that they were revoked). */
export const listApiTokens = (models: Models, userId: number) => models.ApiToken.findAll({ where: { user_id: userId }, order: [['id', 'DESC']] });

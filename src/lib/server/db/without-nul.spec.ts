import { describe, expect, it } from 'vitest';
import { useTestInstance } from '../../../../tests/setup/instance';
import { person } from '../../../../tests/setup/factories';
import { createCommunity } from '../communities';
import { addComment, createPost, readPost } from '../posts';

const instance = useTestInstance();

describe('text carrying U+0000', () => {
  it('is stored without it on every database, instead of failing the write', async () => {
    const animator = await person(instance.db, 'Léa\u0000 Gagnon');
    const community = await createCommunity(instance.db, animator, { name: 'Santé\u0000 publique', visibility: 'public', joinPolicy: 'open' });
    const { id } = await createPost(instance.db, animator, community.slug, { title: 'a\u0000b', body: 'un\u0000 texte' });
    await addComment(instance.db, animator, id, { body: 'x\u0000y' });
    const post = await readPost(instance.db, animator, id);
    expect([post.title, post.body, post.comments[0]!.body, post.community.name]).toEqual(['ab', 'un texte', 'xy', 'Santé publique']);
    // Looking a value up with the character in it finds the stored text too.
    const found = await instance.db.selectFrom('posts').select('id').where('title', 'in', ['a\u0000b']).execute();
    expect(found.map((row) => row.id)).toEqual([id]);
  });
});

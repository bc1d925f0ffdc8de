import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterCard, ReviewQueue } from '../../../src-main/api/contract';
import type { Container } from '../../../src-main/app/container';
import { seedPeople } from '../../support/people-fixture';
import { makeTempDir } from '../../support/temp';

/**
 * The read side the People UI stands on (clusters to name, the review queue, person pages, look-alikes,
 * covers), on the drawn-people catalog: Ada, the siblings Ben and Bea, three unnamed people C, D, E.
 */
describe('browsing people', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let app: Container;
  let faces: Map<string, number[]>;
  const of = (key: string): number[] => faces.get(key) ?? [];

  beforeAll(async () => {
    temp = await makeTempDir('people-browse');
    ({ app, faces } = await seedPeople(temp.dir));
  });

  afterAll(async () => {
    await app?.shutdown();
    await temp?.cleanup();
  });

  async function call<T>(command: string, input: unknown): Promise<T> {
    return (await app.router.invoke(command, input)) as T;
  }

  it('lists unnamed clusters largest first, never one photo twice in a cluster', async () => {
    const { total, items } = await call<{ total: number; items: ClusterCard[] }>('clusters.list', {});
    const sets = items.map((card) => new Set(card.faces.map((f) => f.id)));
    expect(items.map((card) => card.faces.length)).toEqual([8, 5, 3, 3]);
    expect(total).toBe(4);
    expect(sets[0]).toEqual(new Set(of('C')));
    expect(sets[1]).toEqual(new Set(of('D')));
    for (const card of items) {
      const photos = card.faces.map((f) => f.photoId);
      expect(new Set(photos).size).toBe(photos.length);
    }
    // The close calls between the siblings are suggested as one of them, and the card offers that name.
    const siblings = items.find((card) => card.faces.some((f) => of('Ben|Bea').includes(f.id)));
    expect(['Ben', 'Bea']).toContain(siblings?.suggestion?.name);
    expect(items.find((card) => card.faces.some((f) => of('E').includes(f.id)))?.suggestion).toBeNull();
    const paged = await call<{ total: number; items: ClusterCard[] }>('clusters.list', {
      offset: 1,
      limit: 2,
    });
    expect(paged.items.map((card) => card.cluster)).toEqual(items.slice(1, 3).map((card) => card.cluster));
  });

  it('names a cluster without the faces taken out of it, and undo gives the names back', async () => {
    const { items } = await call<{ items: ClusterCard[] }>('clusters.list', {});
    const [card] = items as [ClusterCard];
    const [left, ...kept] = card.faces.map((f) => f.id) as [number, ...number[]];
    await call('clusters.name', { cluster: card.cluster, name: 'Carl', exclude: [left] });
    const carl = app.peopleViews.faces({ person: 'Carl' }).map((f) => f.id);
    expect(carl.sort((a, b) => a - b)).toEqual([...kept].sort((a, b) => a - b));
    const leftOut = app.peopleViews.faces().find((f) => f.id === left);
    expect(leftOut).toMatchObject({ personId: null, clusterId: null });
    const after = await call<{ items: ClusterCard[] }>('clusters.list', {});
    expect(after.items.map((c) => c.faces.length)).toEqual([5, 3, 3]);

    await call('labels.undo', {});
    expect(app.peopleViews.people().map((p) => p.name)).not.toContain('Carl');
    expect(app.peopleViews.faces().filter((f) => kept.includes(f.id) && f.personId !== null)).toEqual([]);
  });

  it('puts the close calls first in the review queue, each with its candidates', async () => {
    const queue = await call<ReviewQueue>('review.queue', {});
    // Every suggestion and automatic label waits for a decision: Ada's four, the three close calls.
    expect(queue.total).toBe(7);
    const first = queue.items.slice(0, 3);
    expect(new Set(first.map((item) => item.faceId))).toEqual(new Set(of('Ben|Bea')));
    for (const item of first) {
      expect(item.reasons).toContain('close-call');
      expect(item.candidates.map((c) => c.name).sort()).toEqual(['Bea', 'Ben']);
      const [best, second] = item.candidates;
      expect(best?.distance).toBeLessThanOrEqual(second?.distance ?? 0);
    }
    const rest = queue.items.slice(3);
    expect(new Set(rest.map((item) => item.faceId))).toEqual(new Set(of('Ada').slice(3)));
    expect(rest.every((item) => item.candidates[0]?.name === 'Ada')).toBe(true);
    expect((await call<ReviewQueue>('review.queue', { limit: 2 })).items).toHaveLength(2);

    // A rejected candidate is never offered again for that face.
    const [item] = first as [(typeof first)[number]];
    const rejected = item.candidates[0]?.name as string;
    await call('labels.reject', { faces: [item.faceId], name: rejected });
    // Suggestions follow the labels (normally a second later): the face comes back as the other sibling's.
    app.clustering.refreshSuggestions();
    const again = await call<ReviewQueue>('review.queue', {});
    const still = again.items.find((i) => i.faceId === item.faceId);
    expect(still?.candidates.map((c) => c.name)).toEqual([rejected === 'Ben' ? 'Bea' : 'Ben']);
    await call('labels.undo', {});
    app.clustering.refreshSuggestions();
  });

  it("shows a person's faces outliers first, and the siblings as the closest look-alikes", () => {
    const ada = app.peopleViews.people().find((p) => p.name === 'Ada');
    const page = app.peopleViews.person(ada?.id as number);
    expect(page.faces.map((f) => f.id).sort((a, b) => a - b)).toEqual(of('Ada'));
    const distances = page.faces.map((f) => f.distance as number);
    expect(distances.every((d, i) => i === 0 || d <= (distances[i - 1] as number))).toBe(true);
    expect(page.faces.filter((f) => f.by === 'auto').length).toBe(4);

    const pairs = app.peopleViews.lookalikes(10);
    expect([pairs[0]?.a.name, pairs[0]?.b.name].sort()).toEqual(['Bea', 'Ben']);
    expect(pairs.map((p) => p.distance)).toEqual([...pairs.map((p) => p.distance)].sort((a, b) => a - b));
    expect(pairs).toHaveLength(3);
  });

  it("keeps a chosen cover while the face is the person's, else falls back to their best face", async () => {
    const ben = () => app.peopleViews.people().find((p) => p.name === 'Ben');
    const best = ben()?.cover;
    const chosen = of('Ben').find((id) => id !== best) as number;
    await call('people.cover', { id: ben()?.id, face: chosen });
    expect(ben()?.cover).toBe(chosen);
    await expect(call('people.cover', { id: ben()?.id, face: of('Ada')[0] })).rejects.toThrow(
      /not a confirmed face/,
    );
    await call('labels.reject', { faces: [chosen], name: 'Ben' });
    expect(ben()?.cover).toBe(best);
    await call('labels.undo', {});
    expect(ben()?.cover).toBe(chosen);
  });

  it('suggests the new person for faces like the ones just labeled, without a re-cluster', async () => {
    const [first, ...others] = of('E') as [number, ...number[]];
    await call('labels.assign', { faces: [first], name: 'Eve' });
    // The refresh runs a second after the last change (a burst of labeling costs one).
    await expect
      .poll(() => app.peopleViews.faces().filter((f) => others.includes(f.id) && f.person === 'Eve').length, {
        timeout: 5000,
      })
      .toBe(others.length);
    await call('labels.undo', {});
    await expect
      .poll(() => app.peopleViews.faces().filter((f) => others.includes(f.id) && f.person !== null).length, {
        timeout: 5000,
      })
      .toBe(0);
  });

  it('names only open faces the person did not reject, and leaves dismissed faces dismissed', async () => {
    const { items } = await call<{ items: ClusterCard[] }>('clusters.list', {});
    const card = items.find((c) => c.faces.some((f) => of('D').includes(f.id))) as ClusterCard;
    const [dismissed, rejected, ...rest] = card.faces.map((f) => f.id) as [number, number, ...number[]];
    await call('labels.assign', { faces: [rest[0]], name: 'Dot' });
    await call('labels.reject', { faces: [rejected], name: 'Dot' });
    await call('faces.dismiss', { faces: [dismissed] });
    await call('clusters.name', { cluster: card.cluster, name: 'Dot' });
    const dot = app.peopleViews.faces({ person: 'Dot' }).map((f) => f.id);
    expect(dot.sort((a, b) => a - b)).toEqual([...rest].sort((a, b) => a - b));
    expect(app.peopleViews.faces().find((f) => f.id === rejected)).toMatchObject({ assignment: 'rejected' });
    expect(app.peopleViews.faces().some((f) => f.id === dismissed)).toBe(false);
    // Only the faces the user was shown are named: a face that joined the cluster since stays open.
    for (let i = 0; i < 4; i++) await call('labels.undo', {});
    await call('clusters.name', { cluster: card.cluster, name: 'Dora', faces: rest.slice(0, 2) });
    expect(
      app.peopleViews
        .faces({ person: 'Dora' })
        .map((f) => f.id)
        .sort((a, b) => a - b),
    ).toEqual(rest.slice(0, 2).sort((a, b) => a - b));
    await call('labels.undo', {});
  });

  it('never derives a label that breaks the rules, whatever was computed before', async () => {
    const label = (id: number) => app.peopleViews.faces().find((f) => f.id === id);
    const [face, mate] = of('E') as [number, number];
    await call('labels.assign', { faces: [mate], name: 'Eli' });
    await call('labels.reject', { faces: [face], name: 'Eli' });
    const eli = app.peopleViews.people().find((p) => p.name === 'Eli')?.id as number;
    // A suggestion computed before the rejection (another process, a stale read) is refused when written.
    app.repositories.clusters.setDerivedLabel(face, eli, 'suggested', 0.3);
    expect(label(face)?.personId).toBeNull();
    // So is a second face of one photo for one person: the group photo holds C's last face and D's last.
    const c = of('C')[7] as number;
    const d = of('D')[4] as number;
    await call('labels.assign', { faces: [d], name: 'Eli' });
    app.repositories.clusters.setDerivedLabel(c, eli, 'suggested', 0.3);
    expect(label(c)?.personId).toBeNull();
    // ...while a face with no such conflict takes it.
    app.repositories.clusters.setDerivedLabel(of('E')[2] as number, eli, 'suggested', 0.3);
    expect(label(of('E')[2] as number)?.person).toBe('Eli');
    for (let i = 0; i < 3; i++) await call('labels.undo', {});
    app.clustering.refreshSuggestions();
  });
});

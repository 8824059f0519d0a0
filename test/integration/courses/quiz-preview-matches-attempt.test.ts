import { expect } from 'chai';
import type { CheerioAPI } from 'cheerio';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import type { Browser } from '../../helpers/browser.ts';
import { enrolAndReadModuleOne, learningCourseId, MovableClock, publishLearningCourse, startAttempt, storedAttempt } from '../../helpers/learning.ts';
import { createUser, signIn } from '../../helpers/users.ts';

/** One question's fieldset as markup, the whitespace between tags aside. */
function fieldsetOf($: CheerioAPI, questionId: string): string {
  const found = $('fieldset.question').filter((_, f) => $(f).find(`[name^="a_${questionId}"]`).length > 0);
  expect(found, `fieldset of ${questionId}`).to.have.length(1);
  return $.html(found).replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
}

describe('the coordinator’s quiz preview and a teacher’s attempt with the same seed', () => {
  const clock = new MovableClock();
  let server: TestServer;
  let coordinator: Browser;
  let learner: Browser;
  let course: { courseId: string; versionId: string };
  let attemptId: string;
  let seed: string;
  before(async () => {
    server = await startTestServer({ clock });
    course = await publishLearningCourse(server.db, learningCourseId('preview-match'));
    const staff = await createUser(server.db, { role: 'coordinator' });
    coordinator = await signIn(server.url, staff.email, staff.password);
    const teacher = await createUser(server.db);
    learner = await signIn(server.url, teacher.iin, teacher.password);
    await enrolAndReadModuleOne(learner, course.courseId, clock);
    attemptId = await startAttempt(learner, course.courseId);
    seed = ((await server.db.db!.collection('attempts').findOne({ _id: attemptId as never })) as unknown as { seed: string }).seed;
  });
  after(() => server.close());

  const previewPath = (query: string) => `/coordinator/courses/${course.courseId}/versions/${course.versionId}/modules/01-basics/quiz?${query}`;

  for (const lang of ['en', 'kk'] as const) {
    it(`shows every question type with the same options, in the same order, in the same markup (${lang})`, async () => {
      const attempt = await storedAttempt(server.db, attemptId);
      expect(attempt.questions.map((q) => q.type).sort()).to.deep.equal(['matching', 'multiple', 'ordering', 'single', 'truefalse']);
      const preview = await coordinator.get(previewPath(`seed=${seed}&lang=${lang}`));
      expect(preview.status).to.equal(200);
      for (const [i, question] of attempt.questions.entries()) {
        const page = await learner.get(`/learn/attempts/${attemptId}/questions/${i + 1}?lang=${lang}`);
        expect(page.status).to.equal(200);
        const inQuiz = fieldsetOf(page.$, question.id);
        expect(fieldsetOf(preview.$, question.id), `${question.type} question ${question.id}`).to.equal(inQuiz);
        // and the order is the drawn one: the first shown choice's token comes first on both pages
        expect(inQuiz).to.contain(question.choices[0]!.token);
      }
    });
  }

  it('says which seed it shows, and shows another attempt’s order for another seed', async () => {
    const preview = await coordinator.get(previewPath(`seed=${seed}&lang=en`));
    expect(preview.$('#seed').attr('value')).to.equal(seed);
    expect(preview.$('#seed-note').text()).to.contain(seed);
    const other = await coordinator.get(previewPath('seed=another-attempt&lang=en'));
    expect(other.$('#seed').attr('value')).to.equal('another-attempt');
    const attempt = await storedAttempt(server.db, attemptId);
    const single = attempt.questions.find((q) => q.type === 'single')!;
    expect(fieldsetOf(other.$, single.id)).not.to.equal(fieldsetOf(preview.$, single.id));
    // keys stay beside the form in the preview, never inside the shared question markup
    expect(preview.$('.answer-key')).to.have.length(5);
    expect(preview.$('fieldset.question .answer-key')).to.have.length(0);
  });

  it('refuses a seed that is not a plain word, and an unknown parameter, with a 400', async () => {
    const bad = await coordinator.get(previewPath(`seed=${encodeURIComponent('<script>')}&lang=en`));
    expect(bad.status).to.equal(400);
    expect(bad.text).not.to.contain('<script>');
    expect((await coordinator.get(previewPath('colour=red'))).status).to.equal(400);
  });
});

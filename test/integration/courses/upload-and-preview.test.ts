import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { startTestServer, type TestServer } from '../../helpers/app.ts';
import { Browser } from '../../helpers/browser.ts';
import { courseCounts, courseId, coursePackage, courseZip, uploadPackage } from '../../helpers/packages.ts';
import { createUser, signIn } from '../../helpers/users.ts';
import { edit, zipOf } from '../../helpers/zip.ts';

describe('uploading and previewing a course package', () => {
  let server: TestServer;
  let coordinator: Browser;
  let teacher: Browser;
  before(async () => {
    server = await startTestServer({ mount: '/training' });
    const user = await createUser(server.db, { role: 'coordinator', surname: 'Омарова', givenName: 'Гүлнар' });
    coordinator = await signIn(server.url, user.email, user.password);
    await coordinator.get('/coordinator/courses?lang=en');
    const teacherUser = await createUser(server.db, { role: 'teacher' });
    teacher = await signIn(server.url, teacherUser.email, teacherUser.password);
  });
  after(() => server.close());

  it('stores a good package as a draft and shows its outline', async () => {
    const id = courseId('good');
    const page = await uploadPackage(coordinator, courseZip(id));
    expect(page.status).to.equal(303);
    expect(page.location).to.match(new RegExp(`^/training/coordinator/courses/${id}/versions/[0-9a-f]{24}$`));
    const outline = await coordinator.get(page.location!.replace('/training', ''));
    expect(outline.status).to.equal(200);
    expect(outline.$('h1').text()).to.equal('Mini course');
    expect(outline.text).to.contain('Preview of version 1.0.0');
    expect(outline.$('.module-list > li')).to.have.length(2);
    const list = await coordinator.get('/coordinator/courses');
    expect(list.$(`a[href="/training/coordinator/courses/${id}"]`).text()).to.equal('Mini course');
  });

  it('changes nothing when the identical package is uploaded again, and says so', async () => {
    const id = courseId('same');
    await uploadPackage(coordinator, courseZip(id));
    const before = await courseCounts(server.db);
    // the same files inside a top-level folder: the same content, so the same version
    const page = await uploadPackage(coordinator, zipOf(coursePackage(id), id));
    expect(page.status).to.equal(200);
    expect(page.$('[role=status]').text()).to.contain(`This package is identical to version 1.0.0 of the course ${id}, which is already stored. Nothing changed.`);
    expect(await courseCounts(server.db)).to.deep.equal(before);
  });

  it('refuses the same version number with different content, and an older version', async () => {
    const id = courseId('taken');
    await uploadPackage(coordinator, courseZip(id, '1.2.0'));
    const before = await courseCounts(server.db);
    const changed = await uploadPackage(coordinator, zipOf(edit(coursePackage(id, '1.2.0'), 'modules/02-practice/01-case.en.md', (t) => `${t}\nMore.\n`)));
    expect(changed.status).to.equal(409);
    expect(changed.$('#form-errors .notice-title').text()).to.equal(`Version 1.2.0 of the course ${id} already exists with different content. Raise the version number in course.yaml.`);
    const older = await uploadPackage(coordinator, courseZip(id, '1.1.9'));
    expect(older.status).to.equal(409);
    expect(older.$('#form-errors .notice-title').text()).to.contain('Version 1.1.9 is not newer than version 1.2.0');
    expect(await courseCounts(server.db)).to.deep.equal(before);
  });

  it('shows a lesson as a teacher would, with its image served from GridFS under the mount path', async () => {
    const id = courseId('lesson');
    const versionPath = (await uploadPackage(coordinator, courseZip(id))).location!.replace('/training', '');
    const lesson = await coordinator.get(`${versionPath}/modules/01-basics/lessons/02-algorithm`);
    expect(lesson.status).to.equal(200);
    expect(lesson.$('article.lesson h1').text()).to.equal('The response algorithm');
    const img = lesson.$('.lesson-body img');
    expect(img.attr('alt')).to.equal('The response algorithm');
    const src = server.origin + img.attr('src')!;
    expect(img.attr('src')).to.match(/^\/training\/media\/[0-9a-f]{24}$/);
    const image = await coordinator.request('GET', src);
    expect(image.status).to.equal(200);
    expect(image.headers.get('content-type')).to.equal('image/png');
    expect(image.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(image.headers.get('cache-control')).to.equal('private, max-age=31536000, immutable');
    const etag = image.headers.get('etag')!;
    expect((await coordinator.request('GET', src, { headers: { 'if-none-match': etag } })).status).to.equal(304);
    // a draft's images are for staff; a teacher gets them once the version is published
    expect((await teacher.request('GET', src)).status).to.equal(404);
    expect((await new Browser(server.origin).request('GET', src)).status).to.equal(401);
    const kk = await coordinator.get(`${versionPath}/modules/01-basics/lessons/02-algorithm?lang=kk`);
    await coordinator.get('/coordinator/courses?lang=en');
    expect(kk.$('article.lesson h1').text()).to.equal('Ден қою алгоритмі');
    expect(kk.$('article.lesson').attr('lang')).to.equal('kk');
  });

  it('serves a published version\'s image to teachers from then on, and a deleted draft\'s to no one', async () => {
    const png = readFileSync('test/fixtures/packages/mini-course/modules/01-basics/images/algorithm.png');
    const imageOf = async (versionPath: string) => server.origin + (await coordinator.get(`${versionPath}/modules/01-basics/lessons/02-algorithm`)).$('.lesson-body img').attr('src')!;
    const get = (who: Browser, src: string) => who.request('GET', src);

    // a draft: staff see its image (again and again), a teacher does not; once deleted, nobody does
    const draftId = courseId('image-draft');
    const draftPath = (await uploadPackage(coordinator, courseZip(draftId))).location!.replace('/training', '');
    const draftImage = await imageOf(draftPath);
    for (let i = 0; i < 2; i++) expect((await get(coordinator, draftImage)).status).to.equal(200);
    expect((await get(teacher, draftImage)).status).to.equal(404);
    const outline = await coordinator.get(`${draftPath}/retire`);
    expect((await coordinator.post(`${draftPath}/delete`, { _csrf: Browser.csrf(outline) })).status).to.equal(303);
    expect((await get(coordinator, draftImage)).status).to.equal(404);

    // published: the teacher gets the image's exact bytes, the first time and every time after
    const id = courseId('image-published');
    const versionPath = (await uploadPackage(coordinator, courseZip(id))).location!.replace('/training', '');
    const image = await imageOf(versionPath);
    // the coordinator previews it first: what staff may see of a draft is not kept for teachers
    expect((await get(coordinator, image)).status).to.equal(200);
    expect((await get(teacher, image)).status).to.equal(404);
    const page = await coordinator.get(versionPath);
    expect((await coordinator.post(`${versionPath}/publish`, { _csrf: Browser.csrf(page) })).status).to.equal(303);
    for (let i = 0; i < 3; i++) {
      const served = await fetch(image, { headers: { cookie: [...teacher.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
      expect(served.status).to.equal(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(png)).to.equal(true);
      expect(served.headers.get('content-length')).to.equal(String(png.length));
    }
    expect((await new Browser(server.origin).request('GET', image)).status).to.equal(401);
  });

  it('shows {{...}} in a lesson literally, never as a template', async () => {
    const id = courseId('braces');
    const files = edit(coursePackage(id), 'modules/01-basics/01-welcome.en.md', (t) => `${t}\nWrite {{user.displayName}} and {{{body}}} and {{> header}} here.\n`);
    const versionPath = (await uploadPackage(coordinator, zipOf(files))).location!.replace('/training', '');
    const lesson = await coordinator.get(`${versionPath}/modules/01-basics/lessons/01-welcome`);
    expect(lesson.status).to.equal(200);
    expect(lesson.$('.lesson-body').text()).to.contain('Write {{user.displayName}} and {{{body}}} and {{> header}} here.');
  });

  it('shows quiz questions with their answer keys and explanations set apart, the form itself carrying no keys', async () => {
    const id = courseId('quiz');
    const versionPath = (await uploadPackage(coordinator, courseZip(id))).location!.replace('/training', '');
    const quiz = await coordinator.get(`${versionPath}/modules/01-basics/quiz`);
    expect(quiz.status).to.equal(200);
    // the preview shows the quiz's own markup (views/partials/quiz-question.hbs): fields a_<question>, tokens as values
    expect(quiz.$('fieldset.question')).to.have.length(5);
    expect(quiz.$('fieldset.question legend').first().text()).to.equal('What do you do first?');
    expect(quiz.text).to.contain('Each attempt draws 4 of 5 questions.');
    expect(quiz.$('input[type=radio][name=a_q01]')).to.have.length(2);
    expect(quiz.$('input[type=checkbox][name=a_q02]')).to.have.length(3);
    // the coordinator checks keys and explanations in the preview (issue 11); they sit outside the form's inputs
    for (const explanation of ['First listen to the child.', 'Injuries and withdrawal are signs.', 'Record the words exactly.']) expect(quiz.$('.answer-key').text()).to.contain(explanation);
    expect(quiz.$('.answer-key')).to.have.length(5);
    expect(quiz.$('form.quiz-form fieldset').text()).not.to.contain('First listen to the child.');
    const orderingValues = quiz.$("select[name^=a_q04_]").map((_, s) => quiz.$(s).attr('name')).get();
    expect(orderingValues).to.have.length(3);
    expect(orderingValues.join(' ')).not.to.match(/a_q04_[abc]\b/);
    const rightIds = quiz.$("select[name^=a_q05_]").first().find('option[value!=""]').map((_, o) => quiz.$(o).attr('value')).get();
    expect(rightIds).to.have.length(3);
    expect(rightIds).not.to.include.members(['a', 'b', 'c']);
  });

  it('answers 404 for a version, module or lesson that does not exist', async () => {
    const id = courseId('missing');
    const versionPath = (await uploadPackage(coordinator, courseZip(id))).location!.replace('/training', '');
    expect((await coordinator.get(`/coordinator/courses/${id}/versions/000000000000000000000000`)).status).to.equal(404);
    expect((await coordinator.get(`/coordinator/courses/other-course/versions/${versionPath.split('/').pop()}`)).status).to.equal(404);
    expect((await coordinator.get(`${versionPath}/modules/09-none/quiz`)).status).to.equal(404);
    expect((await coordinator.get(`${versionPath}/modules/01-basics/lessons/09-none`)).status).to.equal(404);
    expect((await coordinator.get('/coordinator/courses/no-such-course')).status).to.equal(404);
    expect((await coordinator.get('/media/not-an-id')).status).to.equal(404);
  });
});

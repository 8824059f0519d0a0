// A crashed import leaves lessons, quizzes and images without a version document. The hourly
// sweep deletes them once their import is over an hour old, and touches nothing else.
import { expect } from 'chai';
import { Types, type Connection } from 'mongoose';
import { courseServices, sweepCourseContent } from '../../../server/courses/courses.ts';
import { courseRepository } from '../../../server/courses/course.repository.ts';
import { mediaRepository } from '../../../server/courses/media.repository.ts';
import { validatePackage } from '../../../server/courses/package/validate-package.ts';
import { ownDatabase } from '../../helpers/database.ts';
import { courseId, coursePackage } from '../../helpers/packages.ts';

describe('sweeping content of abandoned course imports', () => {
  let db: Connection;
  let drop: () => Promise<void>;
  before(async () => {
    ({ db, drop } = await ownDatabase('qorgau_sweep'));
  });
  after(() => drop());

  /** What a process that died between the images and the version document leaves behind. */
  async function halfImported(versionId: Types.ObjectId): Promise<Types.ObjectId> {
    const courses = courseRepository(db);
    const media = mediaRepository(db);
    const fileId = await media.put(Buffer.from('not really a png'), { name: 'images/a.png', contentType: 'image/png', sha256: 'x', versionId });
    await courses.insertContent([{ versionId, moduleId: '01-basics', lessonId: '01-welcome', markdown: { kk: 'Сәлем', ru: 'Привет', en: 'Hello' } }], [{ versionId, moduleId: '01-basics', settings: {}, questions: [] }]);
    return fileId;
  }

  const contentOf = async (versionId: Types.ObjectId) => ({
    lessons: await db.db!.collection('course_lessons').countDocuments({ versionId }),
    quizzes: await db.db!.collection('course_quizzes').countDocuments({ versionId }),
    files: await db.db!.collection('media.files').countDocuments({ 'metadata.versionId': versionId }),
  });

  it('deletes what an import abandoned over an hour ago, and keeps stored versions and imports in progress', async () => {
    const now = new Date();
    const services = courseServices(db);
    const stored = await services.importer.importPackage(validatePackage(coursePackage(courseId('sweep'))), { source: 'cli', person: { id: 'test', name: 'Test Coordinator' } });
    const storedContent = await contentOf(new Types.ObjectId(String(stored.versionId)));
    expect(storedContent.lessons).to.be.greaterThan(0);

    const crashed = Types.ObjectId.createFromTime(Math.floor(now.getTime() / 1000) - 2 * 3600);
    const running = Types.ObjectId.createFromTime(Math.floor(now.getTime() / 1000) - 60);
    const crashedFile = await halfImported(crashed);
    await halfImported(running);
    const chunksOf = (fileId: Types.ObjectId) => db.db!.collection('media.chunks').countDocuments({ files_id: fileId });
    expect(await chunksOf(crashedFile)).to.be.greaterThan(0);

    await sweepCourseContent(db, now);
    expect(await contentOf(crashed)).to.deep.equal({ lessons: 0, quizzes: 0, files: 0 });
    expect(await contentOf(running), 'an import may still be writing this one').to.deep.equal({ lessons: 1, quizzes: 1, files: 1 });
    expect(await contentOf(new Types.ObjectId(String(stored.versionId)))).to.deep.equal(storedContent);
    expect(await chunksOf(crashedFile), 'the image bytes go with their file').to.equal(0);

    // an hour later the import that was running is abandoned too
    await sweepCourseContent(db, new Date(now.getTime() + 3600_000));
    expect(await contentOf(running)).to.deep.equal({ lessons: 0, quizzes: 0, files: 0 });
    expect(await contentOf(new Types.ObjectId(String(stored.versionId)))).to.deep.equal(storedContent);
  });
});

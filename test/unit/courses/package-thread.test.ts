// An uploaded package is validated on a thread of its own (server/courses/package/validate-thread.ts):
// the package, with its images as Buffers, and the problems that refuse one are the same as here.
import { expect } from 'chai';
import { noFallback } from '../../helpers/fallbacks.ts';
import { PackageError } from '../../../server/courses/package/problems.ts';
import { loadUploadedPackage } from '../../../server/courses/package/read-package.ts';
import { loadUploadedPackageOffThread } from '../../../server/courses/package/validate-thread.ts';
import { miniCourse, zipOf } from '../../helpers/zip.ts';

describe('validating an uploaded package on a thread of its own', function () {
  // each upload starts a thread, which loads the validator
  this.timeout(60_000);
  // a thread that fell back to this one says so: none may
  const logger = noFallback('the package');

  it('gives the package validating it here gives, images as Buffers', async () => {
    const zip = zipOf(miniCourse());
    const there = await loadUploadedPackageOffThread(zip, logger);
    const here = await loadUploadedPackage(zip);
    expect(there).to.deep.equal(here);
    expect(there.images.length).to.be.above(0);
    for (const image of there.images) expect(Buffer.isBuffer(image.data)).to.equal(true);
  });

  it('refuses a package with the same problems as validating it here', async () => {
    const files = miniCourse();
    files.set('course.yaml', Buffer.from(files.get('course.yaml')!.toString().replace(/academicHours: \d+/, 'academicHours: -3')));
    files.delete('modules/02-practice/quiz.json');
    const zip = zipOf(files);
    const refused = (work: Promise<unknown>) => work.then(() => null, (e: unknown) => e as PackageError);
    const here = await refused(loadUploadedPackage(zip));
    const there = await refused(loadUploadedPackageOffThread(zip, logger));
    expect(here).to.be.instanceOf(PackageError);
    expect(there).to.be.instanceOf(PackageError);
    expect(there!.problems).to.deep.equal(here!.problems);
    expect(there!.problems.length).to.be.at.least(1);
  });
});

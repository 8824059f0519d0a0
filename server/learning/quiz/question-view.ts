// What a browser may see of a question while an attempt is open. How a question looks belongs to
// the courses feature (courses/question-view.ts), so the coordinator's preview and the quiz show
// the same view through the same partial; learning adds the drawn order and the saved answer.
export { choiceTexts, questionView, type OptionView, type PostedFields, type QuestionView, type RowView } from '../../courses/question-view.ts';

// One language of a text: the house's one rule, in server/localised.ts.
export { pick } from '../../localised.ts';

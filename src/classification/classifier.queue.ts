export const CLASSIFIER_QUEUE = 'classifier';

export interface ClassifierJobMap {
  'classifier.retrain': { requestedBy: number | null };
}
